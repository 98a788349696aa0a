/** The user on whose behalf a domain function runs; every authorization check starts here. */
export interface Actor {
  userId: number;
}
