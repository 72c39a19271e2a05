/**
 * The domain and its use cases. Store and blob <em>interfaces</em> live here; their JDBC and
 * filesystem implementations live in the {@code store} module. No HTTP, no SQL.
 */
package dev.gantry.engine;
