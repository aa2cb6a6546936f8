/* Element Plus: only the components the UI uses, registered globally.
 * Styles come from the single prebuilt stylesheet (main.js). */
import {
  ElAlert, ElAside, ElAvatar, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCol, ElConfigProvider,
  ElContainer, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDrawer, ElDropdown,
  ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput,
  ElInputNumber, ElLink, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption, ElPagination,
  ElRadioButton, ElRadioGroup, ElResult, ElRow, ElScrollbar, ElSelect, ElSkeleton, ElSwitch, ElTable,
  ElTableColumn, ElTag, ElTooltip, ElTree, ElTreeSelect, ElSubMenu, ElLoading, ElSpace, ElStatistic,
  ElTimeline, ElTimelineItem, ElDatePicker, ElCheckbox, ElCheckboxGroup, ElRadio, ElImage, ElBadge, ElTabs, ElTabPane, ElProgress, ElPopover, ElSteps, ElStep, ElCollapse, ElCollapseItem
} from 'element-plus'

const components = [
  ElAlert, ElAside, ElAvatar, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCol, ElConfigProvider,
  ElContainer, ElDescriptions, ElDescriptionsItem, ElDialog, ElDivider, ElDrawer, ElDropdown,
  ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon, ElInput,
  ElInputNumber, ElLink, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup, ElOption, ElPagination,
  ElRadioButton, ElRadioGroup, ElResult, ElRow, ElScrollbar, ElSelect, ElSkeleton, ElSwitch, ElTable,
  ElTableColumn, ElTag, ElTooltip, ElTree, ElTreeSelect, ElSubMenu, ElSpace, ElStatistic,
  ElTimeline, ElTimelineItem, ElDatePicker, ElCheckbox, ElCheckboxGroup, ElRadio, ElImage, ElBadge, ElTabs, ElTabPane, ElProgress, ElPopover, ElSteps, ElStep, ElCollapse, ElCollapseItem
]

export function installElement (app) {
  /* by name: several sub-components (ElRadioButton, ElFormItem, ...) have
   * a no-op install and are only registered by their parent's plugin */
  for (const c of components) app.component(c.name, c)
  app.use(ElLoading)
}
