/* The safety-programme screen sets, each in its own module. */
import * as programme from './programme.js'
import * as resp from './resp.js'
import * as campaign from './campaign.js'
import * as assess from './assess.js'
import * as pub from './public.js'
import * as work from './work.js'
import * as push from './push.js'
import * as docs from './docs.js'
import * as loop from './loop.js'
import * as truth from './truth.js'

export const parts = [programme, resp, campaign, assess, pub, work, push, docs, loop, truth]
