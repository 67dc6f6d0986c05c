/** Constraints created idempotently on start; each also backs the index its lookups use. */
export const constraintStatements = [
  'CREATE CONSTRAINT user_id IF NOT EXISTS FOR (user:User) REQUIRE user.id IS UNIQUE',
  'CREATE CONSTRAINT group_id IF NOT EXISTS FOR (group:Group) REQUIRE group.id IS UNIQUE',
];
