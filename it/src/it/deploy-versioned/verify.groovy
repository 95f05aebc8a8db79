import dev.cicd.testkube.KubernetesStandIn

def standIn = KubernetesStandIn.named('deploy-versioned')
try {
    def log = new File(basedir, 'build.log').text
    assert log.contains('deployed delivery-v1-0-0 revision 1 to qa')
    assert log.contains('deployed delivery-v1-1-0 revision 1 to qa')
    assert log.contains('2 versions of delivery in qa; keeping the newest 1, removing 1')
    assert log.contains('removed release delivery-v1-0-0 from delivery-qa')
    def deployments = standIn.client().apps().deployments().inNamespace('delivery-qa').list().items*.metadata*.name
    assert deployments == ['delivery-v1-1-0']
} finally {
    standIn.close()
}
return true
