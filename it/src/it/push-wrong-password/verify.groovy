def log = new File(basedir, 'build.log').text
assert log.contains('registry localhost:5000 refused with the credentials from environment CICD_REGISTRY_USERNAME/CICD_REGISTRY_PASSWORD (HTTP 401)')
assert log.contains('Set a <server> with <id>localhost:5000</id>')
assert !log.contains('not-the-password-4711') : 'the secret never appears in output'
assert !new File(basedir, 'target/cicd/push.json').exists()
def leaked = []
new File(basedir, 'target').eachFileRecurse { if (it.isFile() && it.text.contains('not-the-password-4711')) leaked << it }
assert leaked.isEmpty() : "secret written to $leaked"
return true
