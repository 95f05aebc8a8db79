// Given a project on which every goal would fail, when each goal is skipped by cicd.skip (run 1)
// and by its own flag (run 2), then both builds pass and every goal says which setting skipped it.
def goals = new File(basedir, 'invoker.properties').text.find(/invoker\.goals\.1 = -B (.*?) -D/) { all, list -> list }.split(' ')
def runs = new File(basedir, 'build.log').text.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)
assert runs.size() == 2 : "expected 2 invocations, got ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }
// The lines each goal printed: from its execution header to the next one.
def sections = { String run ->
    run.split(/(?m)^\[INFO\] --- cicd-maven-plugin:[^:]+:/).drop(1).collectEntries { section ->
        [(section.takeWhile { it != ' ' }): section]
    }
}
def all = sections(runs[0])
def own = sections(runs[1])
goals.each { goal ->
    def name = goal - 'cicd:'
    assert all[name] =~ /(?m)^\[INFO\] skipped \(cicd\.skip=true\)$/ : "${goal} did not say it skipped with cicd.skip"
    assert own[name] =~ /(?m)^\[INFO\] skipped \(cicd\.${name}\.skip=true\)$/ : "${goal} did not say it skipped with its own flag"
}
return true
