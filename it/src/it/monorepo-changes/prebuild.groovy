// A monorepo with a history, pushed to a bare "origin", and one clone per scenario, each checked out
// where a CI system would build it:
//   main:    initial -> library change -> docs-only change
//   feature/tracking-fix (from the library change): a change in tracking only
//   release/invoices/v1.2.0 (from the library change)
def run = { File dir, String... args ->
    def command = ['git', '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', '-c', 'commit.gpgsign=false',
                   '-c', 'init.defaultBranch=main', *args]
    def process = command.execute(null, dir)
    def out = new StringBuilder()
    process.consumeProcessOutput(out, out)
    assert process.waitFor() == 0 : "${command.join(' ')}: ${out}"
    out.toString().trim()
}
def work = new File(basedir, 'work')
def template = new File(basedir, 'template')
template.eachFileRecurse(groovy.io.FileType.FILES) { file ->
    def copy = new File(work, template.toPath().relativize(file.toPath()).toString())
    copy.parentFile.mkdirs()
    copy.text = file.name == 'pom.xml'
            ? file.text.replace('@project.groupId@', 'dev.cicd').replace('@project.version@', pluginVersion)
            : file.text
}
// Every service builds from the same Dockerfile; its test stage reports one passing test.
def dockerfile = new File(template, 'service.Dockerfile').text
new File(work, 'service.Dockerfile').delete()
['shipping/delivery', 'shipping/tracking', 'billing/invoices', 'billing/payments', 'catalog/products'].each { path ->
    def name = path.substring(path.indexOf('/') + 1)
    new File(work, "src/${path}/Dockerfile").text = dockerfile
    new File(work, "src/${path}/report.xml").text = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="it.mono.${name}.ServiceTest" tests="1" failures="0" errors="0" skipped="0" time="0.01">
  <testcase classname="it.mono.${name}.ServiceTest" name="answers" time="0.01"/>
</testsuite>
"""
}
run(work, 'init', '-q')
run(work, 'add', '-A')
run(work, 'commit', '-q', '-m', 'five services and a shared library')
new File(work, 'libs/common/src/main/java/it/mono/common/Money.java').append('// rounding documented\n')
run(work, 'commit', '-q', '-am', 'common: rounding')
run(work, 'branch', 'feature/tracking-fix')
run(work, 'branch', 'release/invoices/v1.2.0')
new File(work, 'docs/guide.md').append('More guidance.\n')
new File(work, 'src/shipping/delivery/README.md').append('Delivery notes.\n')
run(work, 'commit', '-q', '-am', 'docs only')
run(work, 'checkout', '-q', 'feature/tracking-fix')
new File(work, 'src/shipping/tracking/config/tracking.properties').text = 'poll.seconds=10\n'
run(work, 'commit', '-q', '-am', 'tracking: v2')
run(work, 'checkout', '-q', 'main')
run(basedir, 'clone', '-q', '--bare', 'work', 'origin.git')

def clone = { String name, String branch ->
    run(basedir, 'clone', '-q', '--branch', branch, 'origin.git', name)
}
clone('service-change', 'feature/tracking-fix')
clone('library-change', 'main')
run(new File(basedir, 'library-change'), 'reset', '-q', '--hard', 'HEAD~1')
clone('docs-change', 'main')
clone('release', 'release/invoices/v1.2.0')
clone('shallow', 'main')
// A shallow clone as CI checks out by default (fetch depth 1).
new File(basedir, 'shallow').deleteDir()
run(basedir, 'clone', '-q', '--depth', '1', '--branch', 'main', "file://${new File(basedir, 'origin.git').absolutePath}", 'shallow')
return true
