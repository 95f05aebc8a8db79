def log = new File(basedir, 'build.log').text
assert log.contains('No Docker engine answers at tcp://127.0.0.1:9')
assert log.contains('or point DOCKER_HOST at a running engine')
assert !log.contains('running engine. org.apache') : 'the cause is not repeated after the message'
return true
