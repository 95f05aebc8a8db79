import dev.cicd.testkube.KubernetesStandIn

def qa = KubernetesStandIn.named('archetype-qa')
def prod = KubernetesStandIn.named('archetype-prod')
try {
    def log = new File(basedir, 'build.log').text
    def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
    def service = new File(basedir, 'src/shipping/dispatch')

    // Generated next to delivery, and added to the area's modules.
    assert new File(service, 'Dockerfile').isFile()
    assert new File(service, 'src/main/helm/dispatch/templates/deployment.yaml').isFile()
    assert new File(service, 'src/main/java/com/example/shipping/dispatch/Application.java').isFile()
    def modules = new groovy.xml.XmlSlurper().parse(new File(basedir, 'src/shipping/pom.xml')).modules.module*.text()
    assert modules == ['delivery', 'dispatch']
    assert new File(basedir, 'src/shipping/delivery/Dockerfile').isFile() : 'the existing service is untouched'
    def azure = new File(service, 'ci/azure-pipelines.yml').text
    assert azure.contains('- release/dispatch/v*') && azure.contains('- src/shipping/dispatch/')
    def github = new File(service, 'ci/github-actions.yml').text
    assert github.contains("if: \${{ startsWith(github.ref, 'refs/heads/release/') }}")
    assert github.contains("- 'src/shipping/dispatch/**'")

    // 2: verify: tests in the container, chart lint and policy.
    assert log.contains('branch feature/dispatch/first: stage feature')
    assert log.contains('Tests: 6 run, 6 passed, 0 failed, 0 errors, 0 skipped')
    assert log.contains('Chart policy: passed')

    // 3: release: scanned at the release threshold; image and chart in the registry, deployed to QA by digest.
    assert log =~ /gate HIGH and above/
    assert log.contains('Scan gate: passed')
    def push = new groovy.json.JsonSlurper().parse(new File(service, 'target/cicd/push.json'))
    assert push.image == "127.0.0.1:5000/${repository}:v1.0.0"
    assert push.chart == "127.0.0.1:5000/${repository}-charts/dispatch:1.0.0"
    def auth = 'Basic ' + 'cicd:cicd-local-secret'.bytes.encodeBase64().toString()
    ["${repository}/manifests/v1.0.0": push.imageDigest, "${repository}-charts/dispatch/manifests/1.0.0": push.chartDigest].each { path, digest ->
        def c = new URL("http://127.0.0.1:5000/v2/${path}").openConnection()
        c.requestMethod = 'HEAD'
        c.setRequestProperty('Authorization', auth)
        c.setRequestProperty('Accept', 'application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json')
        assert c.responseCode == 200 && c.getHeaderField('Docker-Content-Digest') == digest
    }
    def deployment = qa.client().apps().deployments().inNamespace('dispatch-qa').withName('dispatch').get()
    assert deployment.spec.template.spec.containers[0].image == "127.0.0.1:5000/${repository}@${push.imageDigest}"
    assert deployment.metadata.annotations['kubernetes.io/change-cause'].startsWith('Release v1.0.0 of dispatch from release/dispatch/v1.0.0@')
    assert deployment.status.availableReplicas == 1
    assert prod.client().apps().deployments().inAnyNamespace().list().items.isEmpty() : 'production is promotion\'s'
} finally {
    qa.close()
    prod.close()
}
return true
