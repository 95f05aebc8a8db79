package dev.cicd.scan.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * A tar reader that refuses the headers commons-compress would read whole into memory: a GNU long
 * name or PAX header of a gigabyte, an endless chain of headers, and sparse files, whose maps it
 * also keeps in memory. Image layers written by an engine have none of these beyond a few hundred
 * bytes, and no sparse files at all.
 */
final class BoundedTarInputStream extends TarArchiveInputStream {

    static final int MAX_HEADER_BYTES = 1024 * 1024;
    private static final int MAX_CHAINED_HEADERS = 16;
    private static final long MAX_GLOBAL_HEADER_BYTES = 4L * 1024 * 1024;
    private static final byte[] SPARSE_KEY = "GNU.sparse".getBytes(StandardCharsets.US_ASCII);

    private int chainedHeaders;
    private long globalHeaderBytes;
    private int sparseMatch;

    BoundedTarInputStream(InputStream in) {
        super(in, "UTF-8");
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] record = super.readRecord();
        if (record == null || record.length < 512 || isEOFRecord(record)) {
            return record;
        }
        byte type = record[156];
        switch (type) {
            case 'S':
                throw new IOException("the archive has a GNU sparse file entry; sparse files are not read");
            case 'L', 'K', 'x', 'X', 'g': {
                long size;
                try {
                    size = TarUtils.parseOctalOrBinary(record, 124, 12);
                } catch (IllegalArgumentException e) {
                    throw new IOException("the archive has a tar header with an unreadable size", e);
                }
                if (size > MAX_HEADER_BYTES || size < 0) {
                    throw new IOException("the archive has a " + size + "-byte extended tar header (type '"
                            + (char) type + "'); more than " + MAX_HEADER_BYTES + " bytes is refused");
                }
                if (type == 'g') {
                    globalHeaderBytes += size;
                    if (globalHeaderBytes > MAX_GLOBAL_HEADER_BYTES) {
                        throw new IOException("the archive has more than " + MAX_GLOBAL_HEADER_BYTES
                                + " bytes of global PAX headers; refused");
                    }
                }
                if (++chainedHeaders > MAX_CHAINED_HEADERS) {
                    throw new IOException("the archive has more than " + MAX_CHAINED_HEADERS
                            + " extended tar headers for one entry; refused");
                }
                sparseMatch = 0;
                break;
            }
            default:
                chainedHeaders = 0;
        }
        return record;
    }

    @Override
    public int read(byte[] buf, int offset, int numToRead) throws IOException {
        int n = super.read(buf, offset, numToRead);
        TarArchiveEntry current = getCurrentEntry();
        if (n > 0 && current != null && (current.isPaxHeader() || current.isGlobalPaxHeader())) {
            // The sparse map of a PAX sparse file is parsed into memory without bound; refuse it when
            // its key goes by in the PAX header, before commons-compress gets to the map.
            for (int i = offset; i < offset + n; i++) {
                sparseMatch = buf[i] == SPARSE_KEY[sparseMatch] ? sparseMatch + 1 : (buf[i] == SPARSE_KEY[0] ? 1 : 0);
                if (sparseMatch == SPARSE_KEY.length) {
                    throw new IOException("the archive has a PAX sparse file entry; sparse files are not read");
                }
            }
        }
        return n;
    }
}
