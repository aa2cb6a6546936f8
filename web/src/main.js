import './hashlink.js'
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n/index.js'
import { installElement } from './element.js'
import 'element-plus/dist/index.css'
import './styles.css'

const app = createApp(App)
installElement(app)
app.use(i18n)
app.use(router)
document.title = i18n.global.t('app.title')
document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
