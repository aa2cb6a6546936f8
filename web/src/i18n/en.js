export default {
  app: {
    name: 'Xiaoan',
    fullName: 'School Safety Risk Prevention Platform',
    title: 'Xiaoan · School Safety Risk Prevention Platform',
    slogan: 'Risk grading · Hazard rectification · Four-level interconnection',
    copyright: 'Xiaoan School Safety Risk Prevention Platform'
  },
  common: {
    search: 'Search', reset: 'Reset', create: 'New', edit: 'Edit', save: 'Save', cancel: 'Cancel',
    confirm: 'OK', close: 'Close', refresh: 'Refresh', actions: 'Actions', detail: 'Details',
    yes: 'Yes', no: 'No', none: 'None', all: 'All', loading: 'Loading…', empty: 'No data',
    back: 'Back', enable: 'Enable', disable: 'Disable', enabled: 'Active', disabled: 'Disabled',
    createdAt: 'Created', updatedAt: 'Updated', keyword: 'Keyword', total: '{n} in total',
    saved: 'Saved', created: 'Created', notAvailable: '—', more: 'More', view: 'View',
    required: '{field} is required', select: 'Select', unit: { person: '', class: '', school: '' }
  },
  error: {
    network: 'Network error: cannot reach the server',
    http: 'Request failed (HTTP {status})',
    forbidden: 'You are not allowed to do this'
  },
  login: {
    title: 'Sign in',
    username: 'Username', password: 'Password',
    usernamePh: 'Username', passwordPh: 'Password',
    submit: 'Sign in', submitting: 'Signing in…',
    bad: 'Wrong username or password',
    locked: 'Too many failed attempts, try again later',
    success: 'Signed in',
    hint: 'Use the account issued by your education bureau',
    features: {
      risk: 'Risk grading and control', riskDesc: 'Risk points, LEC/LS assessment, four-colour map',
      hazard: 'Hazard investigation', hazardDesc: 'Patrols, rectification, write-off and re-check',
      level: 'Four-level interconnection', levelDesc: 'Province, city, county and school roll-ups'
    }
  },
  password: {
    title: 'Change password', forcedTitle: 'Choose your own password',
    hint: 'Other devices signed in to this account will be signed out.',
    forcedHint: 'An administrator created or reset this account. Choose a password only you know before you go on.',
    rule1: 'At least 8 characters', rule2: 'Must not contain the user name', rule3: 'Not a common password such as 12345678 or password',
    current: 'Current password', new: 'New password', again: 'New password again',
    mismatch: 'The new passwords do not match', submit: 'Change password', done: 'Password changed'
  },
  layout: {
    collapse: 'Collapse menu', expand: 'Expand menu', menu: 'Menu',
    currentOrg: 'Organisation', logout: 'Sign out', logoutConfirm: 'Sign out now?',
    loggedOut: 'Signed out', language: 'Language', profile: 'Profile'
  },
  menu: {
    dashboard: 'Dashboard', orgs: 'Organisations', users: 'Users', audit: 'Audit log',
    system: 'System', risk: 'Risk control', hazard: 'Hazards'
  },
  role: {
    bureau_admin: 'Bureau safety admin', inspector: 'Inspector', principal: 'Principal',
    safety_officer: 'Safety officer', staff: 'Staff', auditor: 'Auditor'
  },
  kind: { province: 'Province', city: 'City', county: 'County', township: 'Township', school: 'School' },
  kindNode: { province: 'Province', city: 'City', county: 'County', township: 'Township', school: 'School' },
  schoolType: {
    kindergarten: 'Kindergarten', primary: 'Primary', junior: 'Junior secondary', senior: 'Senior secondary',
    nine_year: 'Nine-year', twelve_year: 'Twelve-year', vocational: 'Vocational', special: 'Special education'
  },
  hazardStatus: {
    reported: 'Reported', assigned: 'Assigned', rectifying: 'Rectifying', submitted: 'Submitted',
    verified: 'Verified', closed: 'Closed', forwarded: 'Forwarded', rejected: 'Rejected'
  },
  hazardGrade: { general: 'General', major: 'Major' },
  riskLevel: { major: 'Major', high: 'High', general: 'General', low: 'Low', none: 'Not assessed' },
  category: {
    fire: 'Fire', food: 'Food hygiene', traffic: 'Traffic / bus', drowning: 'Drowning', bullying: 'Bullying',
    lab: 'Lab / chemicals', building: 'Buildings', electrical: 'Electrical', construction: 'Construction',
    surroundings: 'Surroundings', security: 'Security / gate', disaster: 'Natural disasters', epidemic: 'Epidemic',
    stampede: 'Stampede', terror: 'Terror', psychological: 'Mental health', sports: 'Sports', other: 'Other'
  },
  dashboard: {
    title: 'Dashboard',
    subtitle: '{org} safety overview',
    schools: 'Schools', students: 'Students', classes: 'Classes', staff: 'Staff',
    hazardsOpen: 'Open hazards', overdue: 'Overdue', majorOpen: 'Major hazards open',
    riskPoints: 'Risk points',
    byCategory: 'Hazards by category', byStatus: 'Hazards by status',
    children: 'Subordinate units', childName: 'Name', childKind: 'Kind',
    childHazards: 'Open hazards', childOverdue: 'Overdue', childRisk: 'Highest risk',
    drill: 'Open', noStats: 'The hazard module is not enabled yet: no statistics',
    noHazards: 'No hazard data', partial: 'Large subtree: only part of it was summed',
    schoolInfo: 'School', notSchoolChildren: 'No subordinate units'
  },
  org: {
    title: 'Organisations', tree: 'Tree', searchPh: 'Search name or code',
    detail: 'Details', noSelection: 'Select a unit on the left',
    name: 'Name', kind: 'Level', code: 'Code', codeRegion: 'Region code (6 digits)',
    codeSchool: 'School identifier (10 digits)', parent: 'Parent', schoolType: 'School type',
    students: 'Students', classes: 'Classes', staff: 'Staff', address: 'Address',
    path: 'Path', depth: 'Depth', childCount: 'Children',
    createChild: 'New child unit', editOrg: 'Edit', createTitle: 'New unit under {parent}',
    editTitle: 'Edit {name}', toDashboard: 'Dashboard', toUsers: 'Users',
    namePh: 'e.g. No. 1 Middle School', codePhRegion: 'e.g. 430602', codePhSchool: 'e.g. 2143060201',
    addressPh: 'Street address', noChildren: 'No child units', loadMore: 'Load more…',
    searchResult: 'Search results'
  },
  user: {
    title: 'Users', username: 'Username', name: 'Name', phone: 'Phone', org: 'Organisation',
    roles: 'Roles', active: 'Status', password: 'Password', passwordEditPh: 'Leave empty to keep',
    passwordPh: 'At least 8 characters with letters and digits', createTitle: 'New user', editTitle: 'Edit {name}',
    addRole: 'Add role', role: 'Role', roleOrg: 'Scope', removeRole: 'Remove',
    orgFilter: 'Organisation (subtree)', keywordPh: 'Username / name / phone',
    disableConfirm: 'Disable user “{name}”? They will not be able to sign in.',
    enableConfirm: 'Enable user “{name}”?',
    disabledOk: 'Disabled', enabledOk: 'Enabled', noRoles: 'At least one role is required',
    rolesHint: 'A role sees and acts on its unit and the units below it only'
  },
  audit: {
    person: 'Person (name)', orgPick: 'Organisation (and below)',
    title: 'Audit log', at: 'Time', user: 'User', action: 'Action', entity: 'Entity',
    entityId: 'Entity ID', userId: 'User ID', org: 'Org ID', hash: 'Hash', before: 'Before',
    after: 'After', nothing: '(none)', chainNote: 'Append-only and hash-chained: tampering shows',
    entities: { org: 'Organisation', user: 'User', session: 'Session', role: 'Role', setting: 'Setting' }
  },
  action: {
    create: 'Create', update: 'Update', delete: 'Delete', login: 'Sign in', logout: 'Sign out',
    login_failed: 'Failed sign-in', deactivate: 'Disable', activate: 'Enable'
  },
  notFound: {
    title: 'Page not found', text: 'The page you asked for does not exist.', home: 'Back to dashboard'
  },
  forbidden: { text: 'You are not allowed to open this page.' }
}
