// Every version the local real-stores harness installs, in one place.
// Each pin says why it sits where it does; compose.yaml uses the same versions (MinIO: its last image).
export const versions = {
  // Debian 12 (bookworm) ships PostgreSQL 15. The cluster runs CloudNativePG's 17
  // (k8s/postgres-cluster.yaml): the API uses nothing beyond 15, so both serve it alike.
  postgres: { version: '15', aptPackages: ['postgresql-15', 'postgresql-client-15'] },
  // Debian 12 ships Redis 7.0; the API uses only commands Redis 6.2+ has.
  redis: { version: '7.0', aptPackages: ['redis-server', 'redis-tools'] },
  // 5.0 is the first Cassandra line supported on JDK 17 (Debian 12's); 5.0.9 is its latest patch release.
  cassandra: { version: '5.0.9' },
  // 5.26 is Neo4j's LTS and runs on JDK 17 (2025.x needs 21); 5.26.30 is its latest patch on Maven Central.
  neo4j: { version: '5.26.30' },
  // MinIO stopped publishing in late 2025: RELEASE.2025-10-15T17-29-55Z is its last release, and the
  // repository was archived in Feb 2026. It has no semver tags, so Go knows it by pseudo-versions,
  // and the module proxy we reach serves only the archived final commit: that release plus three
  // small S3 fixes (#21651, #21653, #21656) and docs. The build is labelled <release>.hotfix.<commit>.
  minio: {
    release: 'RELEASE.2025-10-15T17-29-55Z',
    module: 'github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c',
  },
};
