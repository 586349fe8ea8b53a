package org.mailpolicy.james;

import java.io.File;
import java.io.IOException;

/** Turns a configured file name into a file, as James resolves {@code file://conf/...} (its {@code FileSystem}). */
@FunctionalInterface
public interface PathResolver {
    File file(String name) throws IOException;
}
