package io.expaudit.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the session: the cluster's master under {@code spark-submit}, else embedded
 * {@code local[*]} with the UI off and Spark's own logging at WARN.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.sql.debug.maxToStringFields", "1000");
    if (!conf.contains("spark.master")) {
      builder
          .master("local[*]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "8")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.session.timeZone", "UTC")
          // Spark 4.2's heartbeater can die on a half-deserialized accumulator (a race, see
          // apache/spark#58785) when the machine is busy; the driver then drops its only
          // executor after the network timeout. In local mode heartbeats only carry metrics,
          // so they are made rare enough for the race not to matter.
          .config("spark.executor.heartbeatInterval", "600s")
          .config("spark.network.timeout", "1800s");
    }
    SparkSession session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }
}
