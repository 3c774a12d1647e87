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
          .config("spark.sql.session.timeZone", "UTC");
    }
    SparkSession session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }
}
