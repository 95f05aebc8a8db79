// Given a build that fails with a message, when the fix that message suggests is applied, then the
// build passes: each pair of invocations is one line of fixes.txt.
def fixes = new File(basedir, 'fixes.txt').readLines().findAll { it.trim() && !it.startsWith('#') }.collect {
    def (goals, message, fix) = it.split(/\|/)*.trim()
    def options = fix.split(' ').findAll { !it.startsWith('env:') }.join(' ')
    [goals: goals, message: message,
     fixed: !options ? goals : options.startsWith('cicd:') ? "${options} ${goals}" : "${goals} ${options}"]
}
def properties = new Properties()
new File(basedir, 'invoker.properties').withInputStream { properties.load(it) }
fixes.eachWithIndex { fix, i ->
    assert properties["invoker.goals.${2 * i + 1}"] == "-B ${fix.goals}" : "invoker.properties is not generated from fixes.txt: run generate.py"
    assert properties["invoker.goals.${2 * i + 2}"] == "-B ${fix.fixed}" : "invoker.properties is not generated from fixes.txt: run generate.py"
}
def runs = new File(basedir, 'build.log').text.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)
assert runs.size() == 2 * fixes.size() : "expected ${2 * fixes.size()} invocations, got ${runs.size()}"
fixes.eachWithIndex { fix, i ->
    def failed = runs[2 * i]
    def fixed = runs[2 * i + 1]
    assert failed.contains('BUILD FAILURE') : "mvn ${fix.goals} did not fail"
    assert failed.contains(fix.message) : "mvn ${fix.goals} did not say: ${fix.message}"
    assert fixed.contains('BUILD SUCCESS') : "the fix did not work: mvn ${fix.fixed}"
    assert !failed.contains('stopped on an unexpected error') && !fixed.contains('stopped on an unexpected error')
}
return true
