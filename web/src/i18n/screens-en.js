/* English strings of the issue-4 screens. Merged into en.js. */
export default {
  menu: {
    riskMap: 'Risk map', checklists: 'Checklists', patrols: 'Patrols', reports: 'Reports',
    weekly: 'Weekly report', monthly: 'Monthly bulletin', statistics: 'Statistics', categories: 'Categories'
  },
  hazard: { noticePdf: 'Rectification notice (PDF)' },
  risk: {
    labels: 'Print QR labels', labelsHint: 'QR labels (PDF) of every risk point of the school, to post on site',
    labelsPickSchool: 'Pick a school in the org filter first'
  },
  riskMap: {
    title: 'Four-colour risk map', pickOrg: 'Pick an org', up: 'Up one level',
    schoolSub: 'Risk points on the campus plan, coloured by level (red, orange, yellow, blue)',
    regionSub: 'Orgs and schools coloured by their highest level; click to drill down',
    schoolMap: 'School map', regionMap: 'Region overview', highest: 'Highest level',
    plan: 'Campus plan', uploadPlan: 'Upload plan', replacePlan: 'Replace plan', uploaded: 'Campus plan uploaded',
    tooBig: 'The image must be under 5 MB', noPlan: 'No campus plan uploaded yet',
    placing: 'Click on the plan to place "{name}"', place: 'Place', unplaced: 'Not placed',
    dragHint: 'Drag a marker to move it; it is saved when dropped', moved: 'Moved "{name}"',
    points: 'Risk points', count: '{n}', children: 'Sub-orgs', schools: 'Schools',
    schoolCount: '{n} schools', schoolSearch: 'Search schools'
  },
  checklist: {
    title: 'Checklists', sub: 'Bureau templates that schools copy and adapt; each item has a standard, a method and a weight',
    templates: 'Templates', schoolLists: 'School lists', createTpl: 'New template', createList: 'New school list',
    editTpl: 'Edit template: {name}', editList: 'Edit list: {name}', ownerOrg: 'Owner', school: 'School',
    category: 'Category', name: 'Name', namePh: 'e.g. Fire safety checklist', description: 'Description',
    descriptionPh: 'Scope, how to use', items: 'Items', itemCount: 'Items',
    content: 'Check', contentPh: 'What to check (required)', standard: 'Standard', standardPh: 'Standard',
    method: 'Method', methodPh: 'Method', weight: 'Weight', addItem: 'Add item', copy: 'Copy to school',
    copyTitle: 'Copy template to a school', targetSchool: 'School',
    copyHint: 'The school may edit its copy; later template changes do not touch it.',
    copied: 'Copied to {school}', fromTpl: 'From template', own: 'Own', nItems: '{n} items',
    editTplHint: 'New copies get the new items; earlier copies keep theirs.',
    editListHint: 'Past patrol records keep the old items.',
    delTplConfirm: 'Delete template "{name}"? Copies at schools stay.', delListConfirm: 'Delete list "{name}"?', deleted: 'Deleted'
  },
  patrol: {
    pageTitle: 'Patrols', pageSub: 'Patrol plans, records and missed points',
    plans: 'Plans', records: 'Records', missedTab: 'Missed', planNamePh: 'e.g. Kitchen daily patrol',
    pickPoints: 'Pick risk points', pickAssignees: 'Pick patrollers', from: 'From', to: 'To',
    date: 'Date', failN: '{n} failed', checkin: 'Check-in / flags', scanned: 'Scanned', notScanned: 'No scan',
    period: 'Period', noMissed: 'No missed points', flagFilter: 'Flag', recordTitle: 'Patrol: {name}',
    missedNote: 'These points are due in the period holding {date} and have no patrol yet'
  },
  patrolFlag: { no_scan: 'No scan', too_fast: 'Too fast', late_upload: 'Late upload', off_hours: 'Off hours', photo_reused: 'Photo reused' },
  patrolFlagHint: {
    no_scan: 'No QR check-in', too_fast: 'Implausibly short time since the previous point',
    late_upload: 'Submitted long after the scan', off_hours: 'Scanned outside patrol hours', photo_reused: 'Same photo as an earlier record'
  },
  submitStatus: { submitted: 'On time', late: 'Late', missing: 'Missing', pending: 'Not due' },
  report: {
    deadlineSet: 'Deadline', deadlineTitle: 'Weekly report deadline', deadlineWhen: 'Due by',
    deadlineHint: 'Applies to {org} and every school below it unless set lower down; later submissions count as late.',
    weekday1: 'Next Monday', weekday2: 'Next Tuesday', weekday3: 'Next Wednesday', weekday4: 'Next Thursday', weekday5: 'Next Friday', weekday6: 'Next Saturday', weekday7: 'Next Sunday',
    exportXlsx: 'Export Excel', exportPdf: 'Export PDF', exportLedger: 'Export ledger', downloaded: 'Downloaded {name}',
    pickOrg: 'Pick an org', weeklyTitle: 'Weekly hazard report', weeklySub: 'Generated from the data; schools confirm and submit',
    prevWeek: 'Previous week', nextWeek: 'Next week', weekRange: '{week} ({from} to {to})',
    submission: 'Submission', deadline: 'Deadline', submittedAt: 'Submitted', note: 'Note',
    notePh: 'Note (optional)', submit: 'Confirm and submit', submittedOk: 'Report submitted', submittedLate: 'Report submitted (late)',
    foundWeek: 'Found this week', rectifiedWeek: 'Closed this week', openNow: 'Open now', overdueNow: 'Overdue now',
    majorOpen: 'Major open', patrolsDone: 'Patrols', patrolsPlanned: 'done / planned', ofMajor: '{n} major',
    submitOverview: 'Submissions', schoolsDue: 'Schools', submitRate: '{p}% in', noneLate: 'No late or missing school',
    school: 'School', status: 'Status', byCategory: 'By category', units: 'Sub-orgs', unit: 'Org', found: 'Found',
    rectified: 'Closed', open: 'Open', overdue: 'Overdue', patrols: 'Patrols', submitted: 'In',
    total: 'Total', majorFive: 'Major hazards: five implementations', noMajor: 'No major hazard',
    five_responsible: 'Person', five_measures: 'Measures', five_funds: 'Funds', five_deadline: 'Deadline', five_plan: 'Plan',
    monthlyTitle: 'Monthly bulletin', monthlySub: 'Ranking, overdue and rebound hazards, commendations and criticisms',
    bulletinTitle: '{org} bulletin, {month}', bulletinRange: '{from} to {to}, {n} weekly reports due',
    commendations: 'Commendations', criticisms: 'Criticisms', noneThisMonth: 'None', ranking: 'Ranking',
    rank: 'Rank', score: 'Score', foundMonth: 'Found', closedOfFound: 'Closed', rectifyRate: 'Closure rate',
    onTimeRate: 'On-time rate', formula: 'Formula', overdueList: 'Overdue hazards', reboundList: 'Rebounds',
    noOverdue: 'No overdue hazard', noRebound: 'No rebound',
    statsTitle: 'Hazard statistics', statsSub: 'Found and closed hazards by region and category for any period',
    last7: 'Last 7 days', last30: 'Last 30 days', thisYear: 'This year', rectifyByUnit: 'Found and closure rate by org',
    statsByUnit: 'By org', statsByCategory: 'By category', foundGeneral: 'General', foundMajor: 'Major'
  },
  category2: {
    title: 'Categories', sub: 'Categories are data: a bureau adds its own, renames and re-sorts them',
    create: 'New category', editTitle: 'Edit category: {name}', code: 'Code', codePh: 'lower-case letters, digits, _',
    nameZh: 'Chinese name', namePh: 'e.g. 研学旅行', nameEn: 'English name', sort: 'Sort', builtin: 'Built-in',
    searchPh: 'Search code or name', showDeleted: 'Show retired', hint: 'Built-in categories cannot be retired; retired ones stay on old records.',
    delConfirm: 'Retire category "{name}"?', deleted: 'Retired'
  }
}
