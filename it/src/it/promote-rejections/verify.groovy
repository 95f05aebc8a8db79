import dev.cicd.testkube.KubernetesStandIn

def qa = KubernetesStandIn.named("${basedir.name}-qa")
def prod = KubernetesStandIn.named("${basedir.name}-prod")
try {
    def log = new File(basedir, 'build.log').text
    def digests = (log =~ /release evidence attached to (sha256:[0-9a-f]{64})/).collect { it[1] }
    assert digests.size() == 2 && digests[0] != digests[1] : 'two different images under v6.0.0'
    def (first, second) = digests
    // 4: the approval is for the first image; QA runs the second.
    assert log =~ /rejected cicd-approval-delivery-v6-0-0-\S+ by alice: approves digest ${first}, another image than ${second}/
    // 6: the approval for the second image has expired.
    assert log =~ /rejected cicd-approval-delivery-v6-0-0-\S+ by alice: expired at /
    // Nothing reached production.
    assert prod.client().apps().deployments().inAnyNamespace().list().items.isEmpty()
    assert !log.contains('[d] copied')
} finally {
    qa.close()
    prod.close()
}
return true
