/* English strings of the dual-prevention screens. Merged into en.js. */
export default {
  dashboard: { majorOpen: 'Major hazards', totalSub: '{n} found in total' },
  common: { delete: 'Delete', photo: 'Photo', print: 'Print' },
  menu: {
    hazards: 'Hazard ledger', supervision: 'Listed supervision', risks: 'Risk points', riskMap: 'Risk map',
    checklists: 'Checklists', plans: 'Patrol plans', patrols: 'Patrols'
  },
  hazardAction: {
    assign: 'Assign', start: 'Start work', submit: 'Submit for check', verify: 'Verify', reject: 'Reject',
    close: 'Close', reopen: 'Reopen', supervise: 'Supervise', approve_plan: 'Approve plan',
    forward: 'Forward', recheck: 'Re-check', escalate: 'Escalate', report: 'Report', create: 'Report',
    five: 'Five implementations', overdue: 'Overdue', recheck_due: 'Re-check due'
  },
  hazardSource: {
    patrol: 'Patrol', self_check: 'Self-check', inspection: 'Inspection', covert: 'Covert inspection',
    whistle: 'Whistle-blower', department: 'Other department', other: 'Other'
  },
  hazard: {
    ledger: 'Hazard ledger', report: 'Report hazard', title: 'Title', titlePh: 'Short description',
    school: 'School', category: 'Category', grade: 'Grade', status: 'Status', source: 'Source',
    location: 'Location', locationPh: 'Where exactly', description: 'Description', foundAt: 'Found',
    deadline: 'Deadline', rectifier: 'Rectifier', reporter: 'Reported by', overdue: 'Overdue', onlyOverdue: 'Overdue only',
    supervised: 'Supervised', escalated: 'Escalated', rebounds: 'Rebounds', number: 'No.', photos: 'Photos',
    beforePhotos: 'Hazard photos', afterPhotos: 'After photos', noPhotos: 'No photos', history: 'History',
    nextActions: 'Next actions', noActions: 'Nothing for you to do now', info: 'Details', keywordPh: 'Search titles',
    orgFilter: 'Org (with subtree)', created: 'Hazard reported', done: 'Done', offCampus: 'Off-campus hazard',
    note: 'Note', notePh: 'What was done', reason: 'Reason', reasonPh: 'Why', department: 'Department',
    departmentPh: 'Receiving department', pass: 'Result', passYes: 'Still fixed', passNo: 'Rebound',
    pickRectifier: 'Pick a rectifier', deadlineHint: 'General hazards default to 24 h; major hazards need a deadline',
    actionTitle: '{action}: {title}', uploadHint: 'Take or pick photos, 5 MB each at most', uploading: 'Uploading photos…',
    five: 'Five implementations', fiveTitle: 'Five implementations', fiveEdit: 'Edit', fiveResponsible: 'Responsible',
    fiveMeasures: 'Measures', fiveFunds: 'Funds (CNY)', fiveDeadline: 'Deadline', fivePlan: 'Contingency plan',
    safeguards: 'Interim safeguards', fiveComplete: 'All five recorded', fiveIncomplete: 'Not all recorded yet',
    planApproved: 'Plan approved', planPending: 'Plan awaits the principal', notice: 'Rectification notice',
    escalatedTo: 'Escalated to {org}', forwardedTo: 'Forwarded to {dept}', closedAt: 'Closed', fromState: '{from} → {to}',
    system: 'System', supervisionTitle: 'Listed supervision', supervisionSub: 'Major hazards under bureau supervision',
    majorOnly: 'Major only', view: 'View', backToList: 'Back to ledger'
  },
  risk: {
    title: 'Risk points', create: 'New risk point', name: 'Name', namePh: 'e.g. canteen gas room',
    location: 'Location', locationPh: 'Where', category: 'Category', level: 'Level', factors: 'Hazard factors',
    accidents: 'Possible accidents', measures: 'Control measures', controlLevel: 'Control level', responsible: 'Responsible',
    frequency: 'Patrol frequency', assess: 'Assess', assessTitle: 'Assess: {name}', method: 'Method',
    lec: 'LEC', ls: 'LS matrix', l: 'Likelihood L', e: 'Exposure E', c: 'Consequence C', s: 'Severity S',
    d: 'D = L × E × C', r: 'R = L × S', result: 'Result', qr: 'QR code', qrTitle: 'QR code: {name}',
    qrHint: 'Print and post it at the point; a scan opens the patrol form', print: 'Print', lastAssessed: 'Last assessed',
    school: 'School', keywordPh: 'Search names', schoolRequired: 'Pick a school first', assessed: 'Assessed: {level}',
    history: 'Assessments', none: 'Not assessed', patrolLink: 'Open patrol form'
  },
  controlLevel: { school: 'School', department: 'Department', team: 'Team', post: 'Post' },
  frequency: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly' },
  riskColor: { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' },
  patrol: {
    title: 'Patrols', scanTitle: 'Patrol', point: 'Risk point', items: 'Check items', pass: 'Pass', fail: 'Fail',
    na: 'N/A', note: 'Note', notePh: 'What is wrong', photo: 'Photo', submit: 'Submit patrol',
    submitted: 'Patrol submitted', hazardsOpened: '{n} hazard(s) opened', viewHazard: 'View hazard',
    failNeedsNote: 'Describe the failed item', checkedIn: 'Checked in', noItems: 'No check items yet',
    done: 'Patrol done', again: 'Back to dashboard', allPass: 'All pass', standard: 'Standard', method: 'Method',
    draftRestored: 'Draft restored', badToken: 'Unknown QR code or another school', overallNote: 'Overall',
    when: 'When', by: 'By', result: 'Result', failed: 'Failed items', plans: 'Patrol plans', planName: 'Plan',
    assignees: 'Patrollers', points: 'Points', missed: 'Missed points', createPlan: 'New plan'
  },
  checklist: {
    title: 'Checklists', templates: 'Templates', items: 'Items', content: 'Item', standard: 'Standard',
    method: 'Method', weight: 'Weight', copy: 'Copy to school', name: 'Name', school: 'School', category: 'Category'
  },
  riskMap: {
    title: 'Four-colour risk map', noPlan: 'No campus plan uploaded', legend: 'Legend', schools: 'Schools by risk',
    pickSchool: 'Pick a school to see its campus map', count: '{n}'
  }
}
