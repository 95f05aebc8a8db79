// A promotion is killed (SIGKILL) right after its copy step; run again, it completes.
import dev.cicd.testkube.KubernetesStandIn

def qa = KubernetesStandIn.named("${basedir.name}-qa")
def prod = KubernetesStandIn.named("${basedir.name}-prod")
try {
    def localRepository = new File(basedir, '../../local-repo').canonicalPath
    // -llr: the IT repository records where artifacts came from, and offline Maven would refuse them otherwise.
    def command = ['mvn', '-o', '-B', '-llr', "-Dmaven.repo.local=${localRepository}", 'cicd:promote', '-Dcicd.version=v9.0.0']
    def environment = System.getenv().collect { k, v -> "$k=$v" } + ['CICD_REGISTRY_USERNAME=cicd', 'CICD_REGISTRY_PASSWORD=cicd-local-secret']
    def first = command.execute(environment, basedir)
    def output = new StringBuilder()
    def reader = new BufferedReader(new InputStreamReader(first.inputStream))
    String line
    while ((line = reader.readLine()) != null) {
        output << line << '\n'
        if (line.contains('[d] copied to')) {
            first.destroyForcibly()
            break
        }
    }
    first.waitFor()
    assert output.toString().contains('[d] copied to') : "the first run did not reach the copy:\n$output"
    assert !output.toString().contains('[f] recorded')

    def second = command.execute(environment, basedir)
    def text = second.text
    second.waitFor()
    new File(basedir, 'resume.log').text = output.toString() + '\n--- second run ---\n' + text
    assert second.exitValue() == 0 : "the second run failed:\n$text"
    assert text.contains('[f] recorded: delivery v9.0.0')
    assert text =~ /\[d\] copied to 127\.0\.0\.1:5000\/prod\/\S+:v9\.0\.0 \(sha256:[0-9a-f]{64}\): \d+ blobs, 0 mounted, 0 streamed \(0\.0 MB\), \d+ already there/
    def deployment = prod.client().apps().deployments().inNamespace('delivery').withName('delivery').get()
    assert deployment.metadata.annotations['kubernetes.io/change-cause'] == 'Promote v9.0.0 approved by alice'
} finally {
    qa.close()
    prod.close()
}
return true
