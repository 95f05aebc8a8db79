import dev.cicd.testkube.KubernetesStandIn

def test = KubernetesStandIn.named('deploy-guards-test')
def prod = KubernetesStandIn.named('deploy-guards-prod')
try {
    def log = new File(basedir, 'build.log').text
    // 1
    assert log =~ /user bob lacks 6 of the \d+ permissions the release needs in environment qa; nothing was changed\. Missing:/
    ['get', 'list', 'create', 'update', 'patch', 'delete'].each { assert log.contains("  $it deployments.apps in delivery-qa") }
    assert test.client().secrets().inNamespace('delivery-qa').list().items.findAll { it.type == 'helm.sh/release.v1' }.isEmpty()
    assert test.client().apps().deployments().inNamespace('delivery-qa').list().items.isEmpty()
    // 2
    assert log.contains("environment qa-on-prod (context prod-cluster-admin) points at the production cluster ${prod.url()},"
            + " the cluster of production environment production (context prod-cluster)")
    // 3
    assert log.contains('environment production is production: cicd:deploy does not deploy there.')
    assert log.contains('mvn cicd:approve, then mvn cicd:promote')
    assert prod.client().apps().deployments().inAnyNamespace().list().items.isEmpty()
} finally {
    test.close()
    prod.close()
}
return true
