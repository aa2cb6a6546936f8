import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/* Build contract: dist/index.html plus hashed files under dist/assets/.
 * The server embeds dist/ and serves it with a strict CSP (no eval, no
 * inline script), so: Vue runtime-only build (templates precompiled by
 * plugin-vue) and vue-i18n's esm-bundler build with JIT message
 * compilation (messages become ASTs, never Function()). */
export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false'
  },
  resolve: {
    alias: {
      'vue-i18n': 'vue-i18n/dist/vue-i18n.mjs'
    }
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        manualChunks (id) {
          if (!id.includes('node_modules')) return undefined
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts'
          if (id.includes('element-plus') || id.includes('@floating-ui') || id.includes('@popperjs') ||
              id.includes('lodash') || id.includes('dayjs') || id.includes('async-validator') ||
              id.includes('@vueuse') || id.includes('@ctrl')) return 'element-plus'
          if (id.includes('/@vue/') || id.includes('/vue/') || id.includes('vue-router') ||
              id.includes('vue-i18n') || id.includes('@intlify')) return 'vue'
          return 'vendor'
        }
      }
    }
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:18081' }
  }
})
