package io.expaudit.config;

/** Bad input: a flag config or context that cannot be read. The message names the file and line. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
