// irflow: Cockpit's configuration (it replaces the webjar's app/cockpit/scripts/config.js), with the product's plugins (README, "Dashboards").
// The plugins are ES modules loaded from this folder (customScripts, relative to app/cockpit/).

export default {
  customScripts: ['scripts/irflow/security-incident-plugins.js'],
  // The webapps' CSRF cookie; the plugins send its value in X-XSRF-TOKEN to read /api/incidents as the user.
  csrfCookieName: 'XSRF-TOKEN',
  disableWelcomeMessage: false
};
