// Given a release build of delivery v2.0.0 against the local registry (settings.xml <server> 127.0.0.1:5000),
// the image and the chart are in the registry with the digests push.json records; a re-run uploads
// nothing; a different image under the same version is refused.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
def chartRepository = "${repository}-charts"
def push = new JsonSlurper().parse(new File(basedir, 'target/cicd/push.json'))

assert log.contains("pushing to 127.0.0.1:5000 as cicd (credentials from settings.xml <server> 127.0.0.1:5000)")
assert push.image == "127.0.0.1:5000/${repository}:v2.0.0"
assert push.chart == "127.0.0.1:5000/${chartRepository}/delivery:2.0.0"

// Read back through the registry API: the tag names the digest push.json recorded.
def auth = 'Basic ' + 'cicd:cicd-local-secret'.bytes.encodeBase64().toString()
def head = { String path ->
    def connection = new URL("http://127.0.0.1:5000/v2/${path}").openConnection()
    connection.requestMethod = 'HEAD'
    connection.setRequestProperty('Authorization', auth)
    connection.setRequestProperty('Accept', 'application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json')
    assert connection.responseCode == 200 : "HEAD $path answered ${connection.responseCode}"
    connection.getHeaderField('Docker-Content-Digest')
}
assert head("${repository}/manifests/v2.0.0") == push.imageDigest
assert head("${chartRepository}/delivery/manifests/2.0.0") == push.chartDigest

// Pull the chart back with Helm (helm-java) and check its versions: chart 2.0.0, app v2.0.0.
def helm = Class.forName('com.marcnuri.helm.Helm')
helm.registry().login().withHost('127.0.0.1:5000').withUsername('cicd').withPassword('cicd-local-secret').plainHttp().call()
try {
    def chartYaml = helm.show("oci://127.0.0.1:5000/${chartRepository}/delivery").chart().withVersion('2.0.0').plainHttp().call()
    assert chartYaml.contains('version: 2.0.0')
    assert chartYaml.contains('appVersion: v2.0.0')
} finally {
    helm.registry().logout().withHost('127.0.0.1:5000').plainHttp().call()
}

// Second run: nothing uploaded. Third run: refused.
assert log.contains("127.0.0.1:5000/${repository}:v2.0.0 is already in the registry with digest ${push.imageDigest}")
assert log.contains("chart 127.0.0.1:5000/${chartRepository}/delivery:2.0.0 is already in the registry")
assert log.contains("image 127.0.0.1:5000/${repository}:v2.0.0 already exists in the registry with digest ${push.imageDigest}, and this build made another image")
assert log.contains('Versions are immutable: release a new version, or set -Dcicd.allowOverwrite=true to replace it')
assert !log.contains('cicd-local-secret') : 'no credential in the build output'
return true
