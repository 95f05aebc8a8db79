def log = new File(basedir, 'build.log').text
def push = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/push.json'))
assert push.image.startsWith('localhost:5443/it/push-tls-')
assert push.imageDigest ==~ /sha256:[0-9a-f]{64}/
assert log.contains('pushing to localhost:5443 as cicd (credentials from settings.xml <server> localhost:5443)')
assert log.contains('the TLS certificate of registry localhost:5443 is not trusted: give its CA certificate (PEM) with -Dcicd.registryCa=<file>')
return true
