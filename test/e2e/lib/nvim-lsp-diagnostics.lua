-- Runs inside headless Neovim 0.7 (Debian bookworm) started by neovim.ts:
--   nvim --headless --clean -c 'luafile nvim-lsp-diagnostics.lua'
-- It starts the language server given in LSP_COMMAND_JSON (a JSON array) over stdio, opens FILE, waits up
-- to WAIT_MS for diagnostics, prints them as one line 'DIAGNOSTICS_JSON <json>' and quits. Neovim 0.7 has
-- no `nvim -l`, and a Lua error inside -c leaves headless Neovim waiting forever, so everything runs under
-- pcall and the script always ends with qa! (success) or cq! (failure).
local function print_line(text)
  io.stdout:write(text .. '\n')
end

local succeeded, failure = pcall(function()
  -- assert returns its message too, so its result is narrowed to one value before json_decode sees it.
  local command_json = assert(os.getenv('LSP_COMMAND_JSON'), 'LSP_COMMAND_JSON is not set')
  local command = vim.fn.json_decode(command_json)
  local file = assert(os.getenv('FILE'), 'FILE is not set')
  local wait_ms = tonumber(os.getenv('WAIT_MS') or '15000')
  local started_at = vim.loop.hrtime()

  local client_id = vim.lsp.start_client({
    name = 'e2e',
    cmd = command,
    root_dir = os.getenv('ROOT_DIR') or vim.fn.fnamemodify(file, ':p:h'),
  })
  assert(client_id, 'the language server did not start: ' .. table.concat(command, ' '))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buffer = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buffer, client_id)

  local arrived = vim.wait(wait_ms, function()
    return #vim.diagnostic.get(buffer) > 0
  end, 20)
  -- vim.diagnostic items keep only the code of the LSP diagnostic in 0.7; get_line_diagnostics converts
  -- them back to full LSP diagnostics (range, severity, source, code, message) for every line.
  local diagnostics = {}
  for line = 0, vim.api.nvim_buf_line_count(buffer) - 1 do
    for _, diagnostic in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buffer, line)) do
      table.insert(diagnostics, diagnostic)
    end
  end
  print_line(('diagnostics arrived=%s after %d ms'):format(tostring(arrived), (vim.loop.hrtime() - started_at) / 1e6))
  print_line('DIAGNOSTICS_JSON ' .. vim.fn.json_encode(diagnostics))
  vim.lsp.stop_client(client_id)
end)

if not succeeded then
  print_line('ERROR ' .. tostring(failure))
end
vim.cmd(succeeded and 'qa!' or 'cq!')
