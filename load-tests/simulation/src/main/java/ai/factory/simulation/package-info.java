/**
 * Routing simulations: copies of the routing core in front of an emulated GPU fleet, per balancer and workload.
 * Off the request path: exercises the route stage's balancers and SLO gates offline.
 */
package ai.factory.simulation;
