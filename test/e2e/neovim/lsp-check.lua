-- Runs inside headless Neovim 0.7 (Debian bookworm), started by test/e2e/neovim.ts:
--   nvim --headless --clean -c 'luafile test/e2e/neovim/lsp-check.lua'
-- It drives the language server in LSP_COMMAND_JSON (a JSON array) over stdio the way a Neovim user does:
-- open FILE, wait for diagnostics, hover the RULE diagnostic, ask for its code actions, apply the first one,
-- wait until the diagnostic is gone and report the buffer. Every result is printed as one line
-- '<NAME>_JSON <json>' for neovim.ts to assert on; the Lua side only fails for broken plumbing (no server, a
-- request that errors), so that a behaviour regression reaches the driver as data it can explain.
-- Neovim 0.7 has no `nvim -l`, and a Lua error inside -c leaves headless Neovim waiting forever, so everything
-- runs under pcall and the script always ends with qa! (success) or cq! (failure).
local function print_line(text)
  io.stdout:write(text .. '\n')
end

local function print_json(name, value)
  print_line(name .. '_JSON ' .. vim.fn.json_encode(value))
end

local started_at = vim.loop.hrtime()
local step_started_at = started_at
local function print_timing(step)
  local now = vim.loop.hrtime()
  print_line(('TIMING %s %d'):format(step, (now - step_started_at) / 1e6))
  step_started_at = now
end

-- vim.diagnostic items of Neovim 0.7 keep only part of the LSP diagnostic; get_line_diagnostics turns them
-- back into full LSP diagnostics (range, severity, code, source, message), so the whole buffer is walked.
local function lsp_diagnostics(buffer)
  local diagnostics = {}
  for line = 0, vim.api.nvim_buf_line_count(buffer) - 1 do
    for _, diagnostic in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buffer, line)) do
      table.insert(diagnostics, diagnostic)
    end
  end
  return diagnostics
end

local function find_by_code(diagnostics, code)
  for _, diagnostic in ipairs(diagnostics) do
    if diagnostic.code == code then
      return diagnostic
    end
  end
  return nil
end

-- buf_request_sync returns one response per attached client; this script attaches exactly one.
local function request(buffer, method, params, timeout_ms)
  local responses, failure = vim.lsp.buf_request_sync(buffer, method, params, timeout_ms)
  assert(responses, method .. ' failed: ' .. tostring(failure))
  for _, response in pairs(responses) do
    assert(not response.error, method .. ' answered an error: ' .. vim.inspect(response.error))
    return response.result
  end
  error(method .. ' got no response from the language server')
end

local succeeded, failure = pcall(function()
  -- assert returns its message too, so its result is narrowed to one value before json_decode sees it.
  local command_json = assert(os.getenv('LSP_COMMAND_JSON'), 'LSP_COMMAND_JSON is not set')
  local command = vim.fn.json_decode(command_json)
  local file = assert(os.getenv('FILE'), 'FILE is not set')
  local rule = assert(os.getenv('RULE'), 'RULE is not set')
  local wait_ms = tonumber(os.getenv('WAIT_MS') or '15000')

  local client_id = vim.lsp.start_client({
    name = 'kube-hindsight-e2e',
    cmd = command,
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    -- Every rule at its default severity, as the expectations list them (the default profile shows
    -- informational rules as hints): pulled as the kubeHindsight section, or read at initialize.
    settings = { kubeHindsight = { profile = 'strict' } },
    init_options = { settings = { profile = 'strict' } },
  })
  assert(client_id, 'the language server did not start: ' .. table.concat(command, ' '))
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buffer = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(buffer, client_id), 'cannot attach the language server to ' .. file)
  local uri = vim.uri_from_bufnr(buffer)

  local arrived = vim.wait(wait_ms, function()
    return #vim.diagnostic.get(buffer) > 0
  end, 20)
  print_timing('diagnostics')
  local diagnostics = lsp_diagnostics(buffer)
  print_json('DIAGNOSTICS', diagnostics)
  assert(arrived, ('no diagnostics within %d ms'):format(wait_ms))

  local target = find_by_code(diagnostics, rule)
  assert(target, 'no ' .. rule .. ' diagnostic to hover and fix')

  local hover = request(buffer, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = target.range.start,
  }, wait_ms)
  print_timing('hover')
  -- The server answers MarkupContent; a null result means no hover, which the driver reports.
  print_json('HOVER', type(hover) == 'table' and type(hover.contents) == 'table' and hover.contents.value or '')

  local actions = request(buffer, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = target.range,
    context = { diagnostics = { target } },
  }, wait_ms)
  print_timing('code-action')
  local titles = {}
  for _, action in ipairs(actions or {}) do
    table.insert(titles, action.title)
  end
  print_json('CODE_ACTIONS', titles)
  local first = (actions or {})[1]
  assert(first, 'the server offered no code action for the ' .. rule .. ' diagnostic')
  assert(first.edit, 'the first code action carries no workspace edit: ' .. vim.inspect(first))

  -- The edit is versioned documentChanges; applying it changes the buffer, which Neovim sends to the server
  -- as didChange, and the server then publishes the diagnostics of the new version.
  vim.lsp.util.apply_workspace_edit(first.edit, 'utf-16')
  local cleared = vim.wait(wait_ms, function()
    return find_by_code(lsp_diagnostics(buffer), rule) == nil
  end, 20)
  print_timing('fix-cleared')
  print_json('FIX_CLEARED', cleared)
  print_json('AFTER_FIX_DIAGNOSTICS', lsp_diagnostics(buffer))

  local text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
  if vim.api.nvim_buf_get_option(buffer, 'eol') then
    text = text .. '\n'
  end
  print_json('BUFFER', text)
  vim.lsp.stop_client(client_id)
end)

if not succeeded then
  print_line('ERROR ' .. tostring(failure))
end
print_line(('TIMING total %d'):format((vim.loop.hrtime() - started_at) / 1e6))
vim.cmd(succeeded and 'qa!' or 'cq!')
