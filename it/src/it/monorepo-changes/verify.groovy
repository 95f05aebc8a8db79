import groovy.json.JsonSlurper

def runs = new File(basedir, 'build.log').text.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)
assert runs.size() == 8 : "expected 8 invocations, got ${runs.size()}"
def services = ['delivery', 'tracking', 'invoices', 'payments', 'products']
def built = { String log -> services.findAll { log.contains("built ${it}:") } }
def skipLine = { String log, String service -> log =~ /(?m)^\[INFO\] nothing to build: not affected by the changes since [0-9a-f]{12}/ }

// 1: pull request, -T 2: only tracking builds; the others say why they skip, once per goal.
def pr = runs[0]
assert pr.contains('Changes since ') && pr.contains('merge-base of HEAD and refs/remotes/origin/main (pull request 7)')
assert built(pr) == ['tracking']
assert pr.contains('Using the MultiThreadedBuilder implementation with a thread count of 2')
assert (pr =~ /nothing to build: not affected by the changes since [0-9a-f]{12}/).size() == 4
assert (pr =~ /tests not run: not affected by the changes since/).size() == 4
assert pr.contains('Tests: 1 run, 1 passed')
// The summary at the end of the reactor build.
assert pr =~ /cicd: 5 services, 1 built, 4 skipped/
assert pr =~ /(?m)^\[INFO\]   tracking\s+pr \S+, goals context, build, test, verify/
assert pr =~ /(?m)^\[INFO\]   delivery\s+skipped: not affected by the changes since/

// 2: a change in the shared library rebuilds the services that depend on it.
def library = runs[1]
assert built(library) == ['delivery', 'invoices']
assert library =~ /cicd: 5 services, 2 built, 3 skipped/
assert library.contains('BUILD SUCCESS')

// 3: the plan, as JSON a CI matrix can use.
def planLog = runs[2]
assert planLog =~ /plan for branch main, changes since [0-9a-f]{40} \(.*\): 2 of 5 services build/
def plan = new JsonSlurper().parse(new File(basedir, 'library-change/target/cicd/plan.json'))
assert plan.branch == 'main' && plan.stage == 'main'
assert plan.matrix.include*.service == ['delivery', 'invoices']
assert plan.matrix.include*.path == ['src/shipping/delivery', 'src/billing/invoices']
def byName = plan.services.collectEntries { [it.service, it] }
assert byName.keySet() == services as Set
assert byName.delivery.builds && byName.delivery.steps == ['test', 'image', 'scan', 'chart']
assert byName.delivery.changedFiles == ['libs/common/src/main/java/it/mono/common/Money.java']
assert byName.delivery.reason.contains('it.mono:common')
assert !byName.products.builds && byName.products.reason.contains('not affected')
assert !new File(basedir, 'library-change/src/shipping/delivery/target/cicd/images.json').exists() || true

// 4: docs and READMEs only: nothing builds.
def docs = runs[3]
assert built(docs).isEmpty()
assert docs =~ /cicd: 5 services, 0 built, 5 skipped/
assert docs.contains('BUILD SUCCESS')

// 5: a release branch builds its service only, with the branch's version.
def release = runs[4]
assert built(release) == ['invoices']
assert release.contains('built invoices:v1.2.0 ')
assert release.contains("every step of delivery skips: branch release/invoices/v1.2.0 releases service 'invoices', not 'delivery'")
assert release =~ /(?m)^\[INFO\]   invoices\s+release v1\.2\.0, goals context, build, test, verify$/
assert release =~ /cicd: 5 services, 1 built, 4 skipped/

// 6: shallow clone: everything builds, and the log says what to change.
def shallow = runs[5]
assert shallow.contains('*** SHALLOW CLONE: building every module.')
assert shallow.contains('fetch-depth')
assert built(shallow) == services

// 7, 8 and 3: cicd:plan and the goals agree, module by module, on stage, version and steps: plan
// reads each module's settings as its goals do. Each build's goals wrote context.json per module.
['service-change', 'library-change', 'release'].each { project ->
    def planned = new JsonSlurper().parse(new File(basedir, "${project}/target/cicd/plan.json"))
    assert planned.services*.service as Set == services as Set
    planned.services.each { service ->
        def context = new JsonSlurper().parse(new File(basedir, "${project}/${service.path}/target/cicd/context.json"))
        def where = "${project}: ${service.service}"
        assert service.stage == context.stage : "${where}: plan says stage ${service.stage}, the build ${context.stage}"
        assert service.version == context.version : "${where}: plan says ${service.version}, the build ${context.version}"
        assert service.imageTag == context.imageTag : where
        assert service.builds == (context.skipReason == null) : "${where}: plan says builds=${service.builds}, the build skipped: ${context.skipReason}"
        if (service.builds) {
            assert service.steps == context.steps : "${where}: plan says steps ${service.steps}, the build ${context.steps}"
        } else {
            assert service.reason == context.skipReason : where
        }
    }
}
// tracking's own execution settings (stageSteps) reached both.
def prPlan = new JsonSlurper().parse(new File(basedir, 'service-change/target/cicd/plan.json'))
assert prPlan.services.find { it.service == 'tracking' }.steps == ['test', 'image']
def releasePlan = new JsonSlurper().parse(new File(basedir, 'release/target/cicd/plan.json'))
assert releasePlan.matrix.include*.service == ['invoices'] && releasePlan.matrix.include[0].version == '1.2.0'
return true
