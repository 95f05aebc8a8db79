import dev.cicd.testkube.KubernetesStandIn

def qa = KubernetesStandIn.named("${basedir.name}-qa")
def prod = KubernetesStandIn.named("${basedir.name}-prod")
try {
    def log = new File(basedir, 'build.log').text
    def author = new File(basedir, 'author.txt').text
    assert log.contains("four-eyes rule: ${author} is an author of v7.0.0")
    assert log.contains('and may not approve it; another approver runs this command')
    assert prod.client().configMaps().inNamespace('cicd-approvals').list().items.isEmpty()
} finally {
    qa.close()
    prod.close()
}
return true
