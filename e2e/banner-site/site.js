/* global window, document */
// The product page's own script: it listens for the banner's decisions, as a tag manager would.
window.assentConsentEvents = [];
window.cspViolations = [];
document.addEventListener('assent:consent', (event) => {
  window.assentConsentEvents.push(event.detail);
  const output = document.getElementById('analytics-state');
  if (output) output.textContent = event.detail.decisions.analytics ? 'on' : 'off';
});
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
