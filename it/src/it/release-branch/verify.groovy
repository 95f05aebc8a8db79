// Given Azure Pipelines building release/delivery/v1.2.3, the runtime image is tagged v1.2.3
// under the configured registry and repository, with OCI labels naming version and revision.
def log = new File(basedir, 'build.log').text
assert log.contains('delivery on azure-pipelines, branch release/delivery/v1.2.3: stage release')
assert log.contains('version 1.2.3, image registry.example.test:5000/shipping/delivery:v1.2.3, chart 1.2.3')

def image = 'registry.example.test:5000/shipping/delivery:v1.2.3'
def inspect = ['docker', 'image', 'inspect', '--format', '{{json .Config.Labels}}', image].execute()
def labels = new groovy.json.JsonSlurper().parseText(inspect.text)
assert inspect.waitFor() == 0
assert labels['org.opencontainers.image.version'] == 'v1.2.3'
assert labels['org.opencontainers.image.revision'] == '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39'
assert labels['org.opencontainers.image.created'] ==~ /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/

def user = ['docker', 'image', 'inspect', '--format', '{{.Config.User}}', image].execute().text.trim()
assert user == '10001'

def images = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cicd/images.json'))
assert images.runtimeImage.reference == image
assert images.runtimeImage.id.startsWith('sha256:')
assert images.testImage.reference == 'shipping/delivery:v1.2.3-testrunner'
['docker', 'image', 'rm', image, images.testImage.reference].execute().waitFor()
return true
