/* Screens of campaigns (专项行动) and special-period plans.
 * routes: children of the signed-in layout (meta.title, meta.perm as in
 * router.js); publicRoutes: reachable signed out (meta.public: true);
 * menu: groups or entries appended to the left menu (see menu.js);
 * messages: merged into the zh-CN / en message tables. Do not import
 * i18n/index.js here (it imports this file). */
export const routes = []
export const publicRoutes = []
export const menu = []
export const messages = { 'zh-CN': {}, en: {} }
