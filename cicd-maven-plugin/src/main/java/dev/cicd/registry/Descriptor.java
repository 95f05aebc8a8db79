package dev.cicd.registry;

/** What a registry says about a manifest or blob: its media type, digest and size. */
public record Descriptor(String mediaType, String digest, long size) {}
