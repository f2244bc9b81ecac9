/**
 * The clock a decider dates what it heard by, and measures silence with: milliseconds since the epoch as the wall clock
 * read when this process (or page) started, advanced since by the monotonic clock. A step of the wall clock (NTP
 * correcting a drifted host, a VM resumed from a snapshot, an operator) moves Date.now() but not this, so a decider that
 * has heard nothing for maxStalenessMs answers STALE after maxStalenessMs of real time whatever the wall clock did;
 * dated by Date.now(), a step back of an hour would have kept it answering from its copy for an hour more.
 * Times that come from the server (records, notices taking effect) stay on the wall clock they were written in.
 */
export const steadyNow = (): number => performance.timeOrigin + performance.now();
