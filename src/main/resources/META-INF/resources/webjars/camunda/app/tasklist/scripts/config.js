// irflow: Tasklist's configuration (it replaces the webjar's app/tasklist/scripts/config.js), with the product's
// "Case file" tab beside every task of an incident (README, "Tasklist").
// The plugin is an ES module loaded from this folder (customScripts, relative to app/tasklist/).

export default {
  customScripts: ['scripts/irflow/case-file-plugin.js'],
  // The webapps' CSRF cookie; the plugin sends its value in X-XSRF-TOKEN to use /api/incidents as the user.
  csrfCookieName: 'XSRF-TOKEN',
  disableWelcomeMessage: false,
  shortcuts: {
    claimTask: {key: 'ctrl+alt+c', description: 'claims the currently selected task'},
    focusFilter: {key: 'ctrl+shift+f', description: 'set the focus to the first filter in the list'},
    focusList: {key: 'ctrl+alt+l', description: 'sets the focus to the first task in the list'},
    focusForm: {key: 'ctrl+alt+f', description: 'sets the focus to the first input field in a task form'},
    startProcess: {key: 'ctrl+alt+p', description: 'opens the start process modal dialog'}
  }
};
