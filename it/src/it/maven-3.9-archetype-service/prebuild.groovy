// Given Maven 3.9's own tooling: a master password in settings-security.xml (mvn --encrypt-master-password),
// the registry's password encrypted with it (mvn --encrypt-password) in the <server> 127.0.0.1:5000 of the
// settings the release build uses, and repositories of this run's own in the local registry.
// Runs a Maven tool in this folder; its output (stdout and stderr), failing after two minutes.
def run = { List<String> command, Map<String, String> environment = [:], String input = '' ->
    def output = File.createTempFile('tool-', '.log', basedir)
    def builder = new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).redirectOutput(output)
    builder.environment().putAll(environment)
    def process = builder.start()
    process.outputStream.withWriter { it << input }
    if (!process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
        process.destroyForcibly()
        assert false : "${command} did not finish in two minutes: ${output.text}"
    }
    assert process.exitValue() == 0 : "${command} failed: ${output.text}"
    output.text
}
// The one encrypted value a tool printed ({...}).
def encryptedValue = { String output, pattern, String what ->
    def found = (output =~ pattern).collect { it }.unique()
    assert found.size() == 1 : "${what} printed no single encrypted value: ${output}"
    found[0]
}
def mvn = new File(maven39Home, 'bin/mvn').path
def encrypted = /(?m)^\{[A-Za-z0-9+\/=]+\}$/
def security = new File(basedir, 'settings-security.xml')
def master = encryptedValue(run([mvn, '-B', '--encrypt-master-password', "it-master-${UUID.randomUUID()}".toString()]),
        encrypted, 'mvn --encrypt-master-password')
security.text = "<settingsSecurity>\n  <master>${master}</master>\n</settingsSecurity>\n"
def password = encryptedValue(run([mvn, '-B', "-Dsettings.security=${security.canonicalPath}".toString(), '--encrypt-password', 'cicd-local-secret']),
        encrypted, 'mvn --encrypt-password')
// Another master password, which cannot decrypt it.
def otherMaster = encryptedValue(run([mvn, '-B', '--encrypt-master-password', "other-${UUID.randomUUID()}".toString()]),
        encrypted, 'mvn --encrypt-master-password')
new File(basedir, 'settings-security-other.xml').text = "<settingsSecurity>\n  <master>${otherMaster}</master>\n</settingsSecurity>\n"

// The ITs' settings (resolution from the IT repository; the invoker fills in @localRepositoryUrl@),
// with one <server>: the registry, its password encrypted.
def settings = new File(repositoryRoot, 'it/src/it/settings.xml').text.replaceFirst(/(?s)<servers>.*<\/servers>/,
        "<servers>\n    <server>\n      <id>127.0.0.1:5000</id>\n      <username>cicd</username>\n      <password>${java.util.regex.Matcher.quoteReplacement(password)}</password>\n    </server>\n  </servers>")
assert !settings.contains('cicd-local-secret')
new File(basedir, 'settings-encrypted.xml').text = settings

def repository = "it/maven39-${System.currentTimeMillis()}"
new File(basedir, '.mvn').mkdirs()
def advisories = new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv').canonicalPath
new File(basedir, '.mvn/maven.config').text = [
        "-Dcicd.repository=${repository}",
        "-Dcicd.chartRepository=${repository}-charts",
        "-Dcicd.advisories=${advisories}",
        // Where Maven 3 finds the master password (else ~/.m2/settings-security.xml).
        "-Dsettings.security=${security.canonicalPath}",
        ''].join('\n')
return true
