package io.expaudit.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for every test class in the JVM (surefire reuses one fork). */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder().master("local[2]").appName("expaudit-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.executor.heartbeatInterval", "600s") // as Sessions does, see there
          .config("spark.network.timeout", "1800s")
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }
}
