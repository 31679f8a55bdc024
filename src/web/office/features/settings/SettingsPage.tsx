// Placeholder until the screen is built (issue 17).
export default function SettingsPage() {
  return null;
}
