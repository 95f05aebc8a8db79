import dev.cicd.testkube.KubernetesStandIn
import groovy.json.JsonSlurper

def qa = KubernetesStandIn.named("${basedir.name}-qa")
def prod = KubernetesStandIn.named("${basedir.name}-prod")
try {
    def log = new File(basedir, 'build.log').text
    def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]
    def auth = 'Basic ' + 'cicd:cicd-local-secret'.bytes.encodeBase64().toString()
    def digestOf = { String repo, String tag ->
        def c = new URL("http://127.0.0.1:5000/v2/${repo}/manifests/${tag}").openConnection()
        c.requestMethod = 'HEAD'
        c.setRequestProperty('Authorization', auth)
        c.setRequestProperty('Accept', 'application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json')
        c.responseCode == 200 ? c.getHeaderField('Docker-Content-Digest') : null
    }
    def qaDigest = digestOf(repository, 'v5.0.0')
    assert qaDigest ==~ /sha256:[0-9a-f]{64}/

    // 1: evidence attached by the release build.
    assert log.contains("release evidence attached to ${qaDigest}")
    // 2: refused without approval, pointing at the command; nothing changed.
    assert log.contains("[a] QA: delivery revision 1 runs v5.0.0 (${qaDigest})")
    assert log.contains('[b] evidence: built from ')
    assert log.contains("[c] no valid approval for delivery v5.0.0 (${qaDigest}) in production.")
    assert log.contains('An approver runs: mvn cicd:approve -Dcicd.version=v5.0.0 -Dcicd.environment=production')
    // 3: approved by the cluster's user.
    assert log =~ /approved by alice until \S+: cicd-approvals\/cicd-approval-delivery-v5-0-0-/
    // 4: each step, then the digest kept in the production repository and running in production.
    assert log.contains('[c] approved by alice at ')
    assert log =~ /\[d\] copied to 127\.0\.0\.1:5000\/prod\/${repository}:v5\.0\.0 \(${qaDigest}\): \d+ blobs, \d+ mounted, 0 streamed/
    assert log.contains('digest read back and equal')
    assert log.contains('[e] helm upgrade --install delivery in ')
    assert log.contains("[f] recorded: delivery v5.0.0 (${qaDigest}) approved by alice")
    assert digestOf("prod/${repository}", 'v5.0.0') == qaDigest
    def deployment = prod.client().apps().deployments().inNamespace('delivery').withName('delivery').get()
    assert deployment.spec.template.spec.containers[0].image == "127.0.0.1:5000/prod/${repository}@${qaDigest}"
    assert deployment.metadata.annotations['kubernetes.io/change-cause'] == 'Promote v5.0.0 approved by alice'
    assert deployment.spec.replicas == 3 : 'production values applied'
    // The evidence went along.
    assert digestOf("prod/${repository}", qaDigest.replace(':', '-')) != null
    // 5: no-op.
    assert log.contains('[e] production already runs 127.0.0.1:5000/prod/' + repository + '@' + qaDigest)
    assert log.contains('delivery v5.0.0 was already promoted to production; nothing changed')
    // 6: history shows who approved what, and when.
    assert log =~ /Promote v5\.0\.0 approved by alice/
    assert log =~ /v5\.0\.0 ${qaDigest} approved by alice at \S+, promoted by alice at \S+ \(revision 1\)/
    // 7, 8: the fix the refusal names works, and production keeps running.
    assert log.contains('environment production is production: add -Dcicd.confirmProduction=true to remove releases from it')
    assert log.contains('removed release delivery-old from delivery')
    // 9, 10: the same.
    assert log.contains("-Dcicd.approvalTtl: '1w' is not a duration; use 30m, 24h, 7d or ISO-8601 such as PT24H (-Dcicd.approvalTtl=24h)")
    assert (log =~ /approved by alice until \S+: cicd-approvals\/cicd-approval-delivery-v5-0-0-/).size() == 2
} finally {
    qa.close()
    prod.close()
}
return true
