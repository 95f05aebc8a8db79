// Then: Maven 3.9 ran all four builds; the generated service passed verify on a feature branch; the
// release build pushed image and chart with the registry password the plugin decrypted from settings.xml
// (the only credentials that build had); with another master password the plugin said it could not decrypt
// it; neither the password nor its encrypted form was printed.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
def encrypted = (new File(basedir, 'settings-encrypted.xml').text =~ /<password>(\{[^<]+\})<\/password>/)[0][1]
def service = new File(basedir, 'courier')

assert log.count("Apache Maven ${maven39Version} (") == 4 : "every build ran on Maven ${maven39Version}"

// 1: generated, with no <parent> (the service builds on its own in Docker).
assert new File(service, 'Dockerfile').isFile()
assert !new File(service, 'pom.xml').text.contains('<parent>')

// 2: verify: tests in the container.
assert log.contains('branch feature/courier/first: stage feature')
assert log.contains('Tests: 6 run, 6 passed, 0 failed, 0 errors, 0 skipped')

// 3: release: scanned, pushed as cicd with the decrypted password; the registry has both by digest.
assert log.contains('Chart policy: passed')
assert log.contains('Scan gate: passed')
assert log.contains('pushing to 127.0.0.1:5000 as cicd (credentials from settings.xml <server> 127.0.0.1:5000)')
def push = new JsonSlurper().parse(new File(service, 'target/cicd/push.json'))
assert push.image == "127.0.0.1:5000/${repository}:v1.0.0"
assert push.chart == "127.0.0.1:5000/${repository}-charts/courier:1.0.0"
def auth = 'Basic ' + 'cicd:cicd-local-secret'.bytes.encodeBase64().toString()
["${repository}/manifests/v1.0.0": push.imageDigest, "${repository}-charts/courier/manifests/1.0.0": push.chartDigest].each { path, digest ->
    def c = new URL("http://127.0.0.1:5000/v2/${path}").openConnection()
    c.requestMethod = 'HEAD'
    c.setRequestProperty('Authorization', auth)
    c.setRequestProperty('Accept', 'application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json')
    assert c.responseCode == 200 && c.getHeaderField('Docker-Content-Digest') == digest
}

// 4: the wrong master password: the plugin names the <server> and settings-security.xml.
assert log =~ /could not decrypt the password of the <server> with id '127\.0\.0\.1:5000'.*settings-security\.xml/
assert !log.contains('cicd-local-secret') && !log.contains(encrypted) : 'no secret in the output'
return true
