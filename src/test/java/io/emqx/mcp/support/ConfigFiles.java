package io.emqx.mcp.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A HOCON config file for a test, written into the test's temporary directory. */
public final class ConfigFiles {

  private ConfigFiles() {}

  /** {@code hocon} as {@code dir/test.conf}, replacing what a previous call wrote. */
  public static File write(Path dir, String hocon) throws IOException {
    Path file = dir.resolve("test.conf");
    Files.writeString(file, hocon);
    return file.toFile();
  }
}
