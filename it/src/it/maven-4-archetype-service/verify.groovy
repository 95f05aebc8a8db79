// Then: Maven 4 ran all four builds; the generated service passed verify with no warning about plugins
// without versions (or any other problem of its POM); the release build pushed with the password Maven 4
// decrypted with mvnenc's configuration, the second push with the one Maven 3 encrypted; no secret printed.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
def service = new File(basedir, 'services/tracking')

assert log.count("Apache Maven ${maven4Version} (") == 4 : "every build ran on Maven ${maven4Version}"

// The generated POM pins every plugin its builds use. Maven 4 warns "Version not locked for default bindings
// plugins [...]" for lifecycle plugins and "'build.plugins.plugin.version' for ... is missing" for declared ones.
def unpinned = log.readLines().findAll {
    it.startsWith('[WARNING]') && it =~ /(?i)version not locked|plugin\.version'.* is missing|plugins? without (a )?version/
}
assert unpinned.isEmpty() : "plugins without versions:\n${unpinned.join('\n')}"
assert !(log =~ /problems? (was|were) encountered while building the effective model/) : 'the generated POM has model problems'
assert !log.contains('cannot be found in the reactor from root project') : 'the service is a module of the repository root'

// 1: generated, with no <parent> (the service builds on its own in Docker).
assert new File(service, 'Dockerfile').isFile()
assert !new File(service, 'pom.xml').text.contains('<parent>')

// 2: verify: tests in the container.
assert log.contains('branch feature/tracking/first: stage feature')
assert log.contains('Tests: 6 run, 6 passed, 0 failed, 0 errors, 0 skipped')

// 3 and 4: pushed as cicd with the settings.xml password, mvnenc's then Maven 3's; the second push found
// everything in place. The registry has both by digest.
assert log.contains('Chart policy: passed')
assert log.contains('Scan gate: passed')
assert log.count('pushing to 127.0.0.1:5000 as cicd (credentials from settings.xml <server> 127.0.0.1:5000)') == 2
assert log =~ /Detected 1 pre-Maven 4 legacy encrypted password/ : 'build 4 read the password Maven 3 encrypted'
def push = new JsonSlurper().parse(new File(service, 'target/cicd/push.json'))
assert push.image == "127.0.0.1:5000/${repository}:v1.0.0"
assert push.chart == "127.0.0.1:5000/${repository}-charts/tracking:1.0.0"
assert log.contains("127.0.0.1:5000/${repository}:v1.0.0 is already in the registry with digest ${push.imageDigest}")
def auth = 'Basic ' + 'cicd:cicd-local-secret'.bytes.encodeBase64().toString()
["${repository}/manifests/v1.0.0": push.imageDigest, "${repository}-charts/tracking/manifests/1.0.0": push.chartDigest].each { path, digest ->
    def c = new URL("http://127.0.0.1:5000/v2/${path}").openConnection()
    c.requestMethod = 'HEAD'
    c.setRequestProperty('Authorization', auth)
    c.setRequestProperty('Accept', 'application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json')
    assert c.responseCode == 200 && c.getHeaderField('Docker-Content-Digest') == digest
}
def encrypted = ['settings-mvnenc.xml', 'settings-legacy.xml'].collect {
    (new File(basedir, it).text =~ /<password>(\{[^<]+\})<\/password>/)[0][1]
}
assert !log.contains('cicd-local-secret') && encrypted.every { !log.contains(it) } : 'no secret in the output'
return true
