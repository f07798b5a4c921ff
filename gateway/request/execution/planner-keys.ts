/**
 * Response keys the query planner adds to what it asks subgraphs for; none is part of the answer
 * (a client cannot use them: validation refuses names that start with __).
 */

/** The entity keys a fetch by key needs. */
export const KEY_PREFIX = '__govgraph_key_';
/** The fields an entity fetch @requires. */
export const REQUIRED_PREFIX = '__govgraph_required_';
/** The concrete type of an object at an interface or union position. */
export const CONCRETE_TYPE_KEY = '__govgraph_planned_type';

/** The id a regional node's rows carry, added by routing, so their lists merge in id order. */
export const ORDER_KEY = '__govgraph_order';
