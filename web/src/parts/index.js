/* The safety-programme screen sets, each in its own module. */
import * as programme from './programme.js'
import * as resp from './resp.js'
import * as campaign from './campaign.js'
import * as assess from './assess.js'
import * as pub from './public.js'
import * as loop from './loop.js'

export const parts = [programme, resp, campaign, assess, pub, loop]
