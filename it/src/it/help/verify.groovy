def log = new File(basedir, 'build.log').text
['cicd:build', 'cicd:context', 'cicd:help', 'cicd:test', 'cicd:verify'].each { assert log.contains(it) : "$it listed" }
['cicd.testTarget', 'cicd.registry', 'cicd.buildArgs', 'cicd.testFailureIgnore', 'cicd.skip'].each {
    assert log.contains("User property: $it") : "$it documented"
}
return true
