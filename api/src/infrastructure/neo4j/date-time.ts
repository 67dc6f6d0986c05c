import { type DateTime } from 'neo4j-driver';

/** A Neo4j datetime as the API's ISO-8601 timestamp. */
export function isoString(dateTime: DateTime<number>): string {
  return dateTime.toStandardDate().toISOString();
}
