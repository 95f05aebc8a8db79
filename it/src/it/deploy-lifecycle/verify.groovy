// Given three release builds deployed to QA on the stand-in (the third fails its rollout), history and a rollback:
import dev.cicd.testkube.KubernetesStandIn
import groovy.json.JsonSlurper

def standIn = KubernetesStandIn.named('deploy-lifecycle')
try {
    def log = new File(basedir, 'build.log').text
    def repository = (new File(basedir, '.mvn/maven.config').text =~ /-Dcicd.repository=(\S+)/)[0][1]

    // 1 and 2: installed, then upgraded, each pinned by the digest the push recorded.
    assert log.contains('release delivery in delivery-qa: first install')
    assert log.contains('release delivery in delivery-qa: upgrading from revision 1 (deployed, chart 3.0.0)')
    assert log.contains('access: the ') && log.contains('permissions the release needs are granted to')
    assert log.contains('rollout: delivery 1/1 updated, 1/1 ready')
    assert log.contains('deployed delivery revision 2 to qa (deployed)')

    // 3: the rollout failed with the Deployment's conditions and events, and was rolled back to revision 2.
    assert log.contains('the rollout of Deployment/delivery exceeded its progress deadline')
    assert log.contains('Progressing=False ProgressDeadlineExceeded')
    assert log.contains('Rolled back to revision 2 (chart 3.0.1, now revision 4): the previous version keeps serving.')

    // 4: history shows every revision with chart, image digest and change cause.
    assert log =~ /1\s+\S+ \S+\s+superseded\s+delivery-3\.0\.0\s+v3\.0\.0\s+127\.0\.0\.1:5000\/${repository}@sha256:[0-9a-f]{64}\s+Release v3\.0\.0 of delivery from release\/delivery\/v3\.0\.0@/
    assert log =~ /2\s+\S+ \S+\s+superseded\s+delivery-3\.0\.1\s+v3\.0\.1\s+127\.0\.0\.1:5000\/${repository}@sha256:[0-9a-f]{64}\s+Release v3\.0\.1 of delivery/
    assert log.contains('Deployment revisions (kubectl rollout history):')
    def history = new JsonSlurper().parse(new File(basedir, 'target/cicd/history-qa.json'))
    assert history[0].revisions*.status == ['superseded', 'superseded', 'failed', 'deployed']
    assert history[0].revisions[2].description.startsWith('Rollout failed: the rollout of Deployment/delivery exceeded its progress deadline')
    assert history[0].revisions[3].description == 'Rollback to 2'

    // 5: rolled back to revision 1: the cluster runs v3.0.0's digest again.
    def first = history[0].revisions.find { it.revision == 1 }
    def deployment = standIn.client().apps().deployments().inNamespace('delivery-qa').withName('delivery').get()
    assert deployment.spec.template.spec.containers[0].image == first.image
    assert deployment.metadata.annotations['kubernetes.io/change-cause'] == first.changeCause
    assert log.contains('rolled back delivery: now revision 5 running ' + first.image)
} finally {
    standIn.close()
}
return true
