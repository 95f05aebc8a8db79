package dev.cicd.scan.inventory;

import java.util.List;

/**
 * What an image holds.
 *
 * @param os the distribution, null when the image has no os-release (scratch, static binaries)
 * @param packages every package found in the image's merged filesystem, OS packages first
 * @param warnings what could not be read or was refused, each naming the entry; the inventory is
 *     complete only when this is empty
 * @param imageId the image ID: {@code sha256:} of the image config
 * @param layers the layers' diff IDs ({@code sha256:} of the uncompressed layer tars), base first
 */
public record Inventory(
        OsRelease os, List<Package> packages, List<String> warnings, String imageId, List<String> layers) {

    public Inventory {
        packages = List.copyOf(packages);
        warnings = List.copyOf(warnings);
        layers = List.copyOf(layers);
    }
}
