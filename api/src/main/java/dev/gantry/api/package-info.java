/**
 * The HTTP edge: GitHub's REST resources (one package per docs area), the conventions every
 * endpoint shares ({@link dev.gantry.api.http}), git smart HTTP, and later the runner protocol and
 * the artifact and cache services.
 */
package dev.gantry.api;
