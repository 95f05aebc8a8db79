// Given Maven 4's encryption (mvnenc): settings-security4.xml with the master password taken from the variable
// CICD_IT_MASTER_PASSWORD (written here: `mvnenc init` is an interactive wizard only), and the registry's
// password encrypted by `mvnenc encrypt`. Given too a password encrypted the Maven 3 way (Maven 3.9's
// mvn --encrypt-master-password and --encrypt-password, settings-security.xml), which Maven 4 still reads.
// Each goes into the <server> 127.0.0.1:5000 of its own settings file; repositories of this run's own.
def invokerProperties = new Properties()
new File(basedir, 'invoker.properties').withReader { invokerProperties.load(it) }
def masterPassword = invokerProperties.getProperty('invoker.environmentVariables.CICD_IT_MASTER_PASSWORD')
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

// Maven 4: settings-security4.xml, the format `mvnenc init` writes, in a home of this test's own
// (mvnenc reads ~/.m2/settings-security4.xml; the builds get its path as -Dmaven.settings.security).
def home = new File(basedir, 'home')
def security4 = new File(home, '.m2/settings-security4.xml')
security4.parentFile.mkdirs()
security4.text = '''<?xml version="1.0" encoding="UTF-8"?>
<settingsSecurity xmlns="http://codehaus-plexus.github.io/plexus-sec-dispatcher/4.0.0">
  <modelVersion>4.0</modelVersion>
  <defaultDispatcher>master</defaultDispatcher>
  <configurations>
    <configuration>
      <name>master</name>
      <properties>
        <property><name>source</name><value>env:CICD_IT_MASTER_PASSWORD</value></property>
        <property><name>cipher</name><value>AES/GCM/NoPadding</value></property>
      </properties>
    </configuration>
  </configurations>
</settingsSecurity>
'''
def mvnenc = new File(maven4Home, 'bin/mvnenc').path
def environment = [CICD_IT_MASTER_PASSWORD: masterPassword, MAVEN_OPTS: "-Duser.home=${home.canonicalPath}".toString()]
def diag = run([mvnenc, '-B', 'diag'], environment)
assert diag.contains('Configuration validation of MasterDispatcher: VALID') : diag
// `mvnenc encrypt` prompts for the password and, without a terminal, reads it from standard input.
def mvnencPassword = encryptedValue(run([mvnenc, '-B', 'encrypt'], environment, 'cicd-local-secret\n'),
        /\{\[name=master,[^\]]*\][A-Za-z0-9+\/=]+\}/, 'mvnenc encrypt')

// Maven 3's format, made with Maven 3.9 (Maven 4 has no --encrypt-password).
def mvn39 = new File(maven39Home, 'bin/mvn').path
def security = new File(basedir, 'settings-security.xml')
def encrypted = /(?m)^\{[A-Za-z0-9+\/=]+\}$/
def master = encryptedValue(run([mvn39, '-B', '--encrypt-master-password', "it-master-${UUID.randomUUID()}".toString()]),
        encrypted, 'mvn --encrypt-master-password')
security.text = "<settingsSecurity>\n  <master>${master}</master>\n</settingsSecurity>\n"
def legacyPassword = encryptedValue(run([mvn39, '-B', "-Dsettings.security=${security.canonicalPath}".toString(), '--encrypt-password', 'cicd-local-secret']),
        encrypted, 'mvn --encrypt-password')

// The ITs' settings (resolution from the IT repository; the invoker fills in @localRepositoryUrl@), with one
// <server>: the registry, its password encrypted.
def template = new File(repositoryRoot, 'it/src/it/settings.xml').text
['settings-mvnenc.xml': mvnencPassword, 'settings-legacy.xml': legacyPassword].each { name, password ->
    def settings = template.replaceFirst(/(?s)<servers>.*<\/servers>/, java.util.regex.Matcher.quoteReplacement(
            "<servers>\n    <server>\n      <id>127.0.0.1:5000</id>\n      <username>cicd</username>\n      <password>${password}</password>\n    </server>\n  </servers>"))
    assert !settings.contains('cicd-local-secret')
    new File(basedir, name).text = settings
}

new File(basedir, 'services').mkdirs()
def repository = "it/maven4-${System.currentTimeMillis()}"
new File(basedir, '.mvn').mkdirs()
def advisories = new File(repositoryRoot, 'cicd-maven-plugin/src/test/resources/osv').canonicalPath
new File(basedir, '.mvn/maven.config').text = [
        "-Dcicd.repository=${repository}",
        "-Dcicd.chartRepository=${repository}-charts",
        "-Dcicd.advisories=${advisories}",
        // Where Maven 4 finds each master password: its own format, and Maven 3's.
        "-Dmaven.settings.security=${security4.canonicalPath}",
        "-Dsettings.security=${security.canonicalPath}",
        ''].join('\n')
return true
