package dev.cicd.scan.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.cicd.common.CicdException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

/** Software bills of materials for an {@link Inventory}. */
public final class Sboms {

    /** The CycloneDX version written. */
    public static final Version CYCLONEDX_VERSION = Version.VERSION_16;

    /** Component property: {@link Package#location()}. */
    public static final String LOCATION = "cicd:location";
    /** Component property: {@link Package#sourceName()}, when there is one. */
    public static final String SOURCE_PACKAGE = "cicd:source-package";
    /** Component property: {@link Package#sourceVersion()}, when it differs from the version. */
    public static final String SOURCE_VERSION = "cicd:source-version";
    /** Component property: {@link Package#ecosystem()}. */
    public static final String ECOSYSTEM = "cicd:ecosystem";

    private Sboms() {}

    /**
     * A CycloneDX 1.6 JSON BOM: the image as the metadata component, its distribution as an
     * operating-system component, and one library component per package, with properties for where
     * the package was found ({@value #LOCATION}) and its source package ({@value #SOURCE_PACKAGE}).
     *
     * @param imageReference the name the image was scanned under, for example {@code registry/app:1.2.0}
     * @param imageDigest the manifest digest when known (pushed images), else null: the image ID is used
     */
    public static String cycloneDx(Inventory inventory, String imageReference, String imageDigest) {
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
        Component image = image(imageReference, imageDigest, inventory.imageId());
        bom.setMetadata(metadata(inventory, image));

        Dependency imageDependencies = new Dependency(image.getBomRef());
        Set<String> refs = new HashSet<>();
        List<Component> components = new ArrayList<>();
        if (inventory.os() != null) {
            components.add(operatingSystem(inventory.os(), refs));
        }
        for (Package p : inventory.packages()) {
            components.add(library(p, refs));
        }
        for (Component c : components) {
            imageDependencies.addDependency(new Dependency(c.getBomRef()));
        }
        bom.setComponents(components);
        bom.addDependency(imageDependencies);
        try {
            return BomGeneratorFactory.createJson(CYCLONEDX_VERSION, bom).toJsonString();
        } catch (GeneratorException e) {
            throw CicdException.environment("could not write the CycloneDX SBOM: " + e.getMessage(), e);
        }
    }

    /** This plugin as the tool, the image as the subject, with its image ID and layers as properties. */
    private static Metadata metadata(Inventory inventory, Component image) {
        Metadata metadata = new Metadata();
        metadata.setTimestamp(new Date());
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("dev.cicd");
        tool.setName("cicd-maven-plugin");
        String toolVersion = Sboms.class.getPackage().getImplementationVersion();
        if (toolVersion != null) {
            tool.setVersion(toolVersion);
        }
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        metadata.setComponent(image);
        metadata.addProperty(new Property("cicd:image-id", inventory.imageId()));
        for (int i = 0; i < inventory.layers().size(); i++) {
            metadata.addProperty(
                    new Property("cicd:layer:" + i, inventory.layers().get(i)));
        }
        return metadata;
    }

    private static Component operatingSystem(OsRelease os, Set<String> refs) {
        Component system = new Component();
        system.setType(Component.Type.OPERATING_SYSTEM);
        system.setBomRef(unique("os:" + os.id() + "@" + os.versionId(), refs));
        system.setName(os.id());
        if (os.versionId() != null) {
            system.setVersion(os.versionId());
        }
        if (os.prettyName() != null) {
            system.setDescription(os.prettyName());
        }
        return system;
    }

    /** A package as a library component: Maven's group split off, where it was found and its source as properties. */
    private static Component library(Package p, Set<String> refs) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(unique(p.purl() + "#" + p.location(), refs));
        if (p.type().equals(Package.MAVEN) && p.name().contains(":")) {
            c.setGroup(p.name().substring(0, p.name().indexOf(':')));
            c.setName(p.name().substring(p.name().indexOf(':') + 1));
        } else {
            c.setName(p.name());
        }
        c.setVersion(p.version());
        c.setPurl(p.purl());
        c.addProperty(new Property(LOCATION, p.location()));
        c.addProperty(new Property(ECOSYSTEM, p.ecosystem()));
        if (p.sourceName() != null) {
            c.addProperty(new Property(SOURCE_PACKAGE, p.sourceName()));
            String sourceVersion = p.sourceVersion();
            if (sourceVersion != null && !sourceVersion.equals(p.version())) {
                c.addProperty(new Property(SOURCE_VERSION, sourceVersion));
            }
        }
        return c;
    }

    /** The image as a container component, with a {@code pkg:oci} purl when the reference parses. */
    private static Component image(String reference, String digest, String imageId) {
        Component image = new Component();
        image.setType(Component.Type.CONTAINER);
        String version = digest != null && !digest.isBlank() ? digest : imageId;
        String repository = reference;
        String tag = null;
        if (reference != null) {
            int at = reference.indexOf('@');
            String withoutDigest = at >= 0 ? reference.substring(0, at) : reference;
            int slash = withoutDigest.lastIndexOf('/');
            int colon = withoutDigest.lastIndexOf(':');
            if (colon > slash) {
                tag = withoutDigest.substring(colon + 1);
                repository = withoutDigest.substring(0, colon);
            } else {
                repository = withoutDigest;
            }
        }
        String name = repository == null || repository.isBlank() ? "image" : repository;
        image.setName(name);
        image.setVersion(version);
        image.setBomRef("image:" + name + "@" + version);
        String purl = ociPurl(name, tag, version);
        if (purl != null) {
            image.setPurl(purl);
        }
        return image;
    }

    private static String ociPurl(String repository, String tag, String digest) {
        try {
            String last = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            PackageURLBuilder b = PackageURLBuilder.aPackageURL()
                    .withType("oci")
                    .withName(last)
                    .withVersion(digest)
                    .withQualifier("repository_url", repository.toLowerCase(Locale.ROOT));
            if (tag != null && !tag.isBlank()) {
                b.withQualifier("tag", tag);
            }
            PackageURL purl = b.build();
            return purl.canonicalize();
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    private static String unique(String ref, Set<String> used) {
        String candidate = ref;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = ref + "#" + i;
        }
        return candidate;
    }
}
